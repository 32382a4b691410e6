/**
 * seqlab's Jupyter kernel: Java cells evaluated by {@code jdk.jshell} inside the kernel's own JVM.
 *
 * <p>Because evaluation is local (no remote agent), a cell's value is a real object, which the kernel
 * renders through {@link seqlab.kernel.Renderers} (a Tablesaw table as HTML, a jsplot figure as an
 * interactive chart drawn by the bundled plotly.js). The Jupyter wire protocol comes from
 * {@code org.dflib.jjava:jjava-jupyter}; everything about JShell is here:
 * <ul>
 *   <li>{@link seqlab.kernel.JShellEvaluator}: cells, values, errors, completion, inspection, interrupt
 *       (usable and tested without Jupyter);</li>
 *   <li>{@link seqlab.kernel.SeqlabKernel}: the kernel program Jupyter starts;</li>
 *   <li>{@link seqlab.kernel.Display}: {@code display}/{@code updateDisplay} for cells (live curves);</li>
 *   <li>{@link seqlab.kernel.KernelInstall}: writes and installs the kernelspec.</li>
 * </ul>
 */
package seqlab.kernel;
