// Shared setup of the emulator's graph API tests: one small emulator per suite, whose tokens expire
// only when a test moves its clock.
import { ManualClock } from '../../emulator/clock';
import { type Emulator, startEmulator } from '../../emulator/emulator';

/** Starts the small emulator before the suite, hands it to `use`, and closes it afterwards. */
export function useGraphApiEmulator(
  use: (emu: Emulator) => void,
  clock: ManualClock = new ManualClock(),
): void {
  let emu: Emulator | undefined;
  before(async () => {
    emu = await startEmulator({ seed: 1, size: 'small', denseThreshold: 1500, clock });
    use(emu);
  });
  after(async () => {
    await emu?.close();
  });
}
