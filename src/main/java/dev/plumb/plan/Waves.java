package dev.plumb.plan;

import dev.plumb.render.ClusterDesired;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders changes into waves: an explicit policy order first, then control planes, then workers;
 * control planes always one per wave; the workers of a declared wave together and the others in
 * batches of workerBatchSize, both bounded by what the disruption budget allows.
 */
final class Waves {
  private Waves() {}

  static List<Wave> of(ClusterDesired desired, List<Action> changes, int allowance) {
    int batch = Math.max(1, Math.min(desired.policy().workerBatchSize(), allowance));
    List<Wave> waves = new ArrayList<>();
    List<Action> rest = new ArrayList<>(changes);
    for (List<String> declared : desired.policy().waves()) {
      List<Action> in = rest.stream().filter(a -> declared.contains(a.node())).toList();
      rest.removeAll(in);
      in.stream().filter(Action::controlPlane).forEach(a -> waves.add(controlPlane(a)));
      workers(in, Math.max(1, allowance), waves);
    }
    rest.stream().filter(Action::controlPlane).forEach(a -> waves.add(controlPlane(a)));
    workers(rest, batch, waves);
    return waves;
  }

  private static Wave controlPlane(Action a) {
    return new Wave("control plane " + a.node(), List.of(a));
  }

  private static void workers(List<Action> actions, int batch, List<Wave> waves) {
    List<Action> workers = actions.stream().filter(a -> !a.controlPlane()).toList();
    for (int i = 0; i < workers.size(); i += batch) {
      List<Action> b = workers.subList(i, Math.min(workers.size(), i + batch));
      waves.add(new Wave("workers " + String.join(", ", b.stream().map(Action::node).toList()), b));
    }
  }
}
