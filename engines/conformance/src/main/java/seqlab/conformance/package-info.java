/**
 * What every engine must agree on: golden values recorded from PyTorch and, in time, abstract JUnit suites that
 * each engine module runs against itself.
 *
 * <p>{@link seqlab.conformance.Golden} reads the fixtures under the class-path folder {@code /seqlab/golden/};
 * {@code engines/conformance/golden/make_golden.py} wrote them, and its README describes the format. The
 * fixtures are data, so tests depend on PyTorch's numbers, never on PyTorch itself.
 */
package seqlab.conformance;
