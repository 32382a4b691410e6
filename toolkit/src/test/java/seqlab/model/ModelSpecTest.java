package seqlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelSpecTest {
    @Test
    void parameterCountsEqualPyTorchs() {
        // torch.nn.LSTM(100, 128): 4*128*(100+128+2)
        assertEquals(117_760, Models.lstm(128).parameterCount(100));
        assertEquals(88_320, Models.gru(128).parameterCount(100));
        assertEquals(29_440, Models.rnn(128).parameterCount(100));
        // nn.LSTM(100, 128, num_layers=2, bidirectional=True): layer 0 2*117760, layer 1 2*4*128*(256+128+2)
        assertEquals(2 * 117_760 + 2 * 4 * 128 * (256 + 128 + 2), Models.lstm(128).layers(2).bidirectional().parameterCount(100));
    }

    @Test
    void gruHasAQuarterFewerParametersThanLstm() {
        long lstm = Models.lstm(128).parameterCount(100), gru = Models.gru(128).parameterCount(100);
        assertEquals(0.25, 1.0 - (double) gru / lstm, 1e-12);
    }

    @Test
    void variantsChangeTheCount() {
        assertEquals(117_760 + 3 * 128, Models.peephole(128).parameterCount(100));
        assertEquals(3 * 128 * (100 + 128 + 2), Models.cifg(128).parameterCount(100));
    }

    @Test
    void specsPrintReadablyAndAreValues() {
        assertEquals("lstm(hidden=128, layers=2, bidirectional, dropout=0.3)",
                Models.lstm(128).layers(2).bidirectional().dropout(0.3).toString());
        assertEquals("bilstm", Models.lstm(64).bidirectional().name());
        assertEquals("peephole-lstm", Models.peephole(64).name());
        assertEquals(Models.gru(8), Models.gru(8));
        assertThrows(IllegalArgumentException.class, () -> Models.lstm(0));
        assertThrows(IllegalArgumentException.class, () -> Models.transformer(2, 130, 4));
    }
}
