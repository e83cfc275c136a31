// Entry for Node: the wasm-bindgen `nodejs` build (CommonJS, reads the .wasm synchronously).
import wasm from "./node/timestream_npm.js";
import { bind } from "./emulator.mjs";

export { TARGET_PREFIX } from "./emulator.mjs";
export const { Emulator } = bind(wasm);
