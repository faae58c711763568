// Section 2: `service 'amqp2engines*' mstart` of 10, 50 and 100 engines whose start takes about a second,
// against supervisorctl's own group start, alternated round by round.
import { bin, ctl, destroy, fmt, fmtStats, makeHome, startSupervisord, stats, wall } from './lib.mjs';

/** Section 2 of npm run bench: massive starts of 10 to 100 engines against supervisorctl's group start. */
export async function massiveBench(line, goal) {
  line('## 2. Massive start of engines whose start takes about a second (startsecs=1)');
  line(
    "| engines | `service 'amqp2engines*' mstart` | `supervisorctl start 'amqp2engines:*'` | ratio | " +
      'one by one (`service ENGINE start` each) |',
  );
  line('|---|---|---|---|---|');
  const medians = {};
  const theirMedians = {};
  for (const count of [10, 50, 100]) {
    const home = makeHome(`massive${count}`, { engines: count, startsecs: 1 });
    try {
      await startSupervisord(home);
      const stop = () => ctl(home, 'stop', 'amqp2engines:*');
      // Alternated, so that a machine that drifts weighs on both alike.
      const oursRuns = [];
      const theirRuns = [];
      for (let round = 0; round < 5; round += 1) {
        stop();
        oursRuns.push(wall(() => bin('service', ['amqp2engines*', 'mstart'], home)));
        stop();
        theirRuns.push(wall(() => ctl(home, 'start', 'amqp2engines:*')));
      }
      const ours = stats(oursRuns);
      const theirs = stats(theirRuns);
      let single = '';
      if (count === 10) {
        stop();
        const each = wall(() => {
          for (let i = 0; i < count; i += 1) bin('service', [`amqp2engines:engine-${i}`, 'start'], home);
          return null;
        });
        single = fmt(each);
      }
      medians[count] = ours.median;
      theirMedians[count] = theirs.median;
      const ratio = ours.median / theirs.median;
      line(
        `| ${count} | ${fmtStats(ours)} | ${fmtStats(theirs)} | ${ratio.toFixed(2)} | ` +
          `${single || 'not run (about 1 s per engine)'} |`,
      );
      if (count === 50) goal('mstart of 50 ≤ 1.1x supervisorctl group start', ratio <= 1.1, ratio.toFixed(2));
    } finally {
      await destroy(home);
    }
  }
  const flat = medians[100] / medians[10];
  const theirFlat = theirMedians[100] / theirMedians[10];
  line(
    `- growth from 10 to 100 engines: ${flat.toFixed(2)}x for service mstart, ` +
      `${theirFlat.toFixed(2)}x for supervisorctl's group start (one by one would be about 10x)`,
  );
  line(
    '- "flat" is read as: growing no faster than supervisord\'s own group start, which spawns every member in one pass',
  );
  goal(
    "mstart flat as the count grows (10 to 100, vs supervisorctl's own growth)",
    flat <= theirFlat * 1.1,
    `${flat.toFixed(2)}x vs ${theirFlat.toFixed(2)}x`,
  );
  line();
}
