/** Bad usage or bad input: the command says what is wrong and exits 2. */
export class InputError extends Error {
    override readonly name = "InputError";
}

export function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
