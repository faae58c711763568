// yoga-layout for the one-file install: its index awaits the WebAssembly at the top of the module, which a
// CommonJS bundle (what a single executable runs) cannot do. Ink only uses Yoga inside functions, so it is
// given this object, filled by `ready()` before the panel is loaded (yoga-layout/load has no top-level await).
import { loadYoga } from 'yoga-layout/load';

const Yoga = {};
export default Yoga;

export async function ready() {
  Object.assign(Yoga, await loadYoga());
}
