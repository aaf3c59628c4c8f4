/**
 * Where one training thread's time went, in milliseconds: logistic gradients;
 * growing the trees (its waits included) and, with the fit option `profile`,
 * the grower's stages (else 0); the time it waited for its partners at the
 * meetings of the lock-step protocol, and the number of meetings.
 *
 * With `profile` where a per-thread CPU clock exists (Linux), also `cpu`,
 * the thread's CPU time outside its waits (a worker's from its start, the
 * calling thread's from the fit's start, up to its last meeting), and, for
 * the calling thread only, `criticalPath`: the sum, over the intervals
 * between meetings, of the largest thread's CPU time in that interval — how
 * long the fit would take if every thread had a core of its own and a
 * meeting cost nothing. CPU time does not count the time other processes
 * hold the core, so this holds on a busy machine too. Otherwise null.
 */
export interface ThreadTimes {
  gradients: number;
  grow: number;
  histogram: number;
  split: number;
  partition: number;
  leaves: number;
  wait: number;
  meetings: number;
  cpu: number | null;
  criticalPath: number | null;
}
