// seqlab JShell start-up: the toolkit's entry points are imported, so a session starts with the work.
import seqlab.engine.*;
import seqlab.nn.*;
