package io.bmo.core.algorithms;

import java.util.List;

/**
 * What MAID step k did.
 *
 * @param step k
 * @param accepted whether θ moved (false: converged — see {@link #converged()} — or a stall: rejections exhausted
 *     or tolerances at their floors)
 * @param theta θ_k where the accepted gradient was evaluated (copy)
 * @param gradient the accepted z (copy; the last computed one when not accepted)
 * @param events every attempt in order; the last is the ACCEPT when {@code accepted}
 * @param cost iterations of this step
 * @param cumulative iterations of steps 0..k
 */
public record MaidStep(long step, boolean accepted, double[] theta, double[] gradient, List<MaidEvent> events,
    Cost cost, Cost cumulative) {
  /** The last event (the acceptance when {@link #accepted}). */
  public MaidEvent last() {
    return events.get(events.size() - 1);
  }

  /** Whether the step certified stationarity (its last event is {@link MaidEvent.Kind#CONVERGED}). */
  public boolean converged() {
    return last().kind() == MaidEvent.Kind.CONVERGED;
  }
}
