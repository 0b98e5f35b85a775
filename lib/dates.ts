const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a strict ISO calendar date `YYYY-MM-DD`, or undefined when it is not one. */
export function parseIsoDay(text: string): number | undefined {
    const match = ISO_DATE.exec(text);
    if (!match) return undefined;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(year, month - 1, day);
    const date = new Date(ms);
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
        return undefined;
    return ms / DAY_MS;
}

export function formatIsoDay(day: number): string {
    return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function todayUtc(now: Date = new Date()): number {
    return Math.floor(now.getTime() / DAY_MS);
}
