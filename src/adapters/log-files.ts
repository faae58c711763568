/** A log file on this machine read as a LogReader (an initscript's log: `[logs]` or `~/var/log/NAME.log`). */
import fs from 'node:fs';
import type { LogReader } from '../core/ports.js';

/** Opens without waiting (a FIFO named as a log would block a plain open) and refuses what is not a file. */
function openLog(file: string): number {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  if (!fs.fstatSync(fd).isFile()) {
    fs.closeSync(fd);
    throw new Error(`${file}: not a regular file`);
  }
  return fd;
}

function problem(file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new Error(`${file} does not exist`);
  if (code === 'EACCES' || code === 'EPERM') return new Error(`${file}: permission denied`);
  return error instanceof Error ? error : new Error(String(error));
}

export function fileLogReader(file: string, prefix: string): LogReader {
  const withFile = <T>(use: (fd: number) => T): Promise<T> => {
    try {
      const fd = openLog(file);
      try {
        return Promise.resolve(use(fd));
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      return Promise.reject(problem(file, error));
    }
  };
  return {
    prefix,
    label: file,
    size: () => withFile((fd) => fs.fstatSync(fd).size),
    read: (offset, length) =>
      withFile((fd) => {
        const buffer = Buffer.alloc(length);
        const read = fs.readSync(fd, buffer, 0, length, offset);
        return buffer.subarray(0, read).toString('utf8');
      }),
  };
}
