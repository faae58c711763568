/** A process as the local /proc tells it; a data type that imports nothing (no import circle through it). */

/** One process as /proc tells it: its pid with its start time, so that a reused pid is never blamed. */
export interface ProcessEntry {
  pid: number;
  /** Field 22 of /proc/PID/stat: clock ticks since boot. */
  startTicks: number;
  /** The command's name (`comm`). */
  name: string;
}
