/**
 * The emulator's clock: real time sped up by `speed`, plus manual jumps. Azure's durations (a six-hour job,
 * five-minute ID tokens, sixty-minute access tokens) pass on this clock; clients keep their own real clocks.
 */
export class EmulatorClock {
  private realStart = performance.now();
  private emulatedStart = Date.now();

  constructor(private rate = 1) {}

  get speed(): number {
    return this.rate;
  }

  now(): number {
    return this.emulatedStart + (performance.now() - this.realStart) * this.rate;
  }

  /** Changes the speed from now on, without a jump in time. */
  setSpeed(speed: number): void {
    this.emulatedStart = this.now();
    this.realStart = performance.now();
    this.rate = speed;
  }

  advance(ms: number): void {
    this.emulatedStart += ms;
  }

  /** How many real milliseconds an emulated span lasts. */
  toReal(ms: number): number {
    return ms / this.rate;
  }
}
