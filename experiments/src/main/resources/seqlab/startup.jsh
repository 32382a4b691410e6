// seqlab JShell start-up: the toolkit's entry points are imported, so a session starts with the work.
// (./seqlab jshell also loads JShell's DEFAULT start-up: java.util.*, java.nio.file.*, java.util.stream.* ...)
// A Results or Table prints as a text table; Show.html(figure) writes a chart as an offline HTML page and
// prints its path (Show.browse(figure) also opens it).
import seqlab.engine.*;
import seqlab.nn.*;
// explicit: java.lang.Module has the same simple name, and a bare "Module" would be ambiguous
import seqlab.nn.Module;
import seqlab.model.*;
import seqlab.experiment.*;
import seqlab.experiments.*;
import seqlab.datasets.*;
import seqlab.train.*;
import seqlab.data.*;
import seqlab.metric.*;
import seqlab.stats.*;
import seqlab.forecast.*;
import seqlab.plot.*;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.*;
import tech.tablesaw.plotly.traces.*;
