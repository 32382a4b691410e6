// Imports every seqlab notebook and kernel session starts with: one snippet per line.
// An import of a package that does not exist on the class path (yet) is skipped, so list
// seqlab packages here ahead of the modules that bring them.
import java.util.*;
import java.util.function.*;
import java.util.stream.*;
import java.nio.file.*;
import seqlab.engine.*;
import seqlab.nn.*;
// explicit: java.lang.Module has the same simple name, and a bare "Module" would be ambiguous
import seqlab.nn.Module;
import seqlab.model.*;
import seqlab.train.*;
import seqlab.data.*;
import seqlab.metric.*;
import seqlab.stats.*;
import seqlab.forecast.*;
import seqlab.experiment.*;
import seqlab.plot.*;
import seqlab.datasets.*;
import seqlab.experiments.*;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.*;
import tech.tablesaw.plotly.traces.*;
import seqlab.kernel.Display;
import static seqlab.kernel.Display.*;
