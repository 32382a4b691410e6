package seqlab.engine.reference;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the gate nonlinearities for float32. Loaded only when the module is present. Each element's
 * value depends only on its position relative to the array's vector-width boundaries, never on threads.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorMath() {
    }

    static void sigmoid(float[] a, int from, int n) {
        int i = from, end = from + n;
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (; i + L <= end; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, i);
            one.div(x.neg().lanewise(VectorOperators.EXP).add(one)).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = (float) Buf.sigmoid(a[i]);
        }
    }

    static void tanh(float[] a, int from, int n) {
        int i = from, end = from + n;
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(S, a, i).lanewise(VectorOperators.TANH).intoArray(a, i);
        }
        for (; i < end; i++) {
            a[i] = (float) Math.tanh(a[i]);
        }
    }
}
