// Loads the built package (pkg/, or PKG_DIR) the way Node resolves it: through its package.json
// "exports" ("node" condition).
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const PKG_DIR = resolve(process.env.PKG_DIR ?? join(fileURLToPath(import.meta.url), "../../../pkg"));
export const manifest = JSON.parse(readFileSync(join(PKG_DIR, "package.json"), "utf8"));
export const { Emulator, TARGET_PREFIX } = await import(pathToFileURL(join(PKG_DIR, manifest.exports["."].node)).href);
