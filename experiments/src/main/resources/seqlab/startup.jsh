// seqlab JShell start-up: the toolkit's entry points are imported, so a session starts with the work.
import seqlab.engine.*;
import seqlab.nn.*;
import seqlab.nn.Module;
import seqlab.model.*;
import seqlab.experiment.*;
import seqlab.datasets.*;
import seqlab.train.*;
import seqlab.data.*;
import seqlab.metric.*;
import tech.tablesaw.api.*;
