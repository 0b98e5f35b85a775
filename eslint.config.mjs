import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
    {
        ignores: [
            "node_modules/",
            "dist/",
            "policy-pack/dist/",
            "policy-pack/node_modules/",
            "coverage/",
            ".demarc/",
            "test/fixtures/programs/**/node_modules/",
        ],
    },
    js.configs.recommended,
    ...tseslint.configs.recommended,
    {
        languageOptions: {
            globals: {
                console: "readonly",
                process: "readonly",
                Buffer: "readonly",
                setTimeout: "readonly",
                clearTimeout: "readonly",
                setInterval: "readonly",
                clearInterval: "readonly",
                setImmediate: "readonly",
                URL: "readonly",
                __dirname: "readonly",
                require: "readonly",
                module: "writable",
            },
        },
        rules: {
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
            ],
            "@typescript-eslint/consistent-type-imports": [
                "error",
                { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
            ],
            // Modules loaded on first use keep the pack's start-up and the runner's child processes fast.
            "@typescript-eslint/no-require-imports": "off",
            eqeqeq: ["error", "smart"],
            "prefer-const": "error",
        },
    },
    {
        // Escaping control characters is what these report writers are for.
        files: ["cli/reports/**/*.ts"],
        rules: { "no-control-regex": "off" },
    },
);
