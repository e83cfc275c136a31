// Entry for bundlers (webpack, Vite with a wasm plugin, esbuild): the wasm-bindgen `bundler`
// build, which imports the .wasm as an ES module.
import * as wasm from "./bundler/timestream_npm.js";
import { bind } from "./emulator.mjs";

export { TARGET_PREFIX } from "./emulator.mjs";
export const { Emulator } = bind(wasm);
