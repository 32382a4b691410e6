package seqlab.forecast;

/** Small dense numerics the models need: a root-location test and a linear solve. */
final class Numerics {
    private Numerics() {
    }

    /**
     * Whether every root of {@code sum_k coefficients[k] z^k} has modulus below {@code radius}, by the Schur-Cohn
     * test (Schur 1917; Cohn 1922; Marden, "Geometry of Polynomials", 1966, section 42) applied to p(radius z):
     * p has all roots inside the unit circle iff |a_0| &lt; |a_n| and so does the degree-(n-1) polynomial
     * (a_n p(z) - a_0 z^n p(1/z)) / z. No roots are computed, so multiple roots need no care.
     *
     * @param coefficients ascending powers; the last must be non-zero
     */
    static boolean rootsWithin(double[] coefficients, double radius) {
        int n = coefficients.length - 1;
        double[] a = new double[n + 1];
        double power = 1;
        for (int k = 0; k <= n; k++) {
            a[k] = coefficients[k] * power;
            power *= radius;
        }
        while (n > 0) {
            if (Math.abs(a[0]) >= Math.abs(a[n])) {
                return false;
            }
            double[] b = new double[n];
            double largest = 0;
            for (int k = 1; k <= n; k++) {
                b[k - 1] = a[n] * a[k] - a[0] * a[n - k];
                largest = Math.max(largest, Math.abs(b[k - 1]));
            }
            for (int k = 0; k < n; k++) {
                b[k] /= largest;  // the coefficients square at every step; rescale so they never overflow
            }
            a = b;
            n--;
        }
        return true;
    }

    /** Solves {@code a x = b} by Gaussian elimination with partial pivoting; {@code a} is square and non-singular. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][];
        for (int i = 0; i < n; i++) {
            m[i] = java.util.Arrays.copyOf(a[i], n + 1);
            m[i][n] = b[i];
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (m[pivot][col] == 0) {
                throw new ArithmeticException("singular system in a least-squares start value");
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = m[r][col] / m[col][col];
                for (int c = col; c <= n; c++) {
                    m[r][c] -= f * m[col][c];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int c = i + 1; c < n; c++) {
                s -= m[i][c] * x[c];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }
}
