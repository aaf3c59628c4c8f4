// creditkit's public API. Importing this module loads creditkit.wasm (top-level
// await) from the package's build/ folder, so everything is ready to call
// synchronously. Hosts that supply the binary themselves import 'creditkit/core'.
import { init } from './wasm/load.js';

await init();

export * from './core.js';
