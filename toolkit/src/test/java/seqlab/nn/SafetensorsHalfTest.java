package seqlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The binary16 decoder on values from the IEEE 754 tables. */
class SafetensorsHalfTest {
    @Test
    void decodesNormalsSubnormalsAndSpecials() {
        assertEquals(1.0f, Safetensors.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, Safetensors.halfToFloat((short) 0xC000));
        assertEquals(65504f, Safetensors.halfToFloat((short) 0x7BFF));
        assertEquals(0x1.0p-24f, Safetensors.halfToFloat((short) 0x0001));
        assertEquals(0x1.0p-14f, Safetensors.halfToFloat((short) 0x0400));
        assertEquals(-0.0f, Safetensors.halfToFloat((short) 0x8000));
        assertEquals(Float.POSITIVE_INFINITY, Safetensors.halfToFloat((short) 0x7C00));
        assertEquals(Float.NaN, Safetensors.halfToFloat((short) 0x7E00));
    }
}
