package com.ydrz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Ydrz#maskPhone} is the library's mask: it shows neither the number nor its length. */
class MaskPhoneTest {
    @Test
    void masksElevenDigitsAndHidesAnyOtherLength() {
        assertEquals("138****8000", Ydrz.maskPhone("13800138000"));
        for (String other : new String[] {"1380013800", "138001380001", ""}) {
            assertEquals("****", Ydrz.maskPhone(other), other);
        }
        assertEquals(Status.NULL_ARG, assertThrows(YdrzException.class, () -> Ydrz.maskPhone(null)).status());
    }
}
