package org.dcwatch.udfs.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dcwatch.udfs.parse.JsonScanner.SyntaxError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModifiedValuesTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "NULL",
            value = {
                "[\"Windows\"]|Windows",
                "\"Windows\"|Windows",
                "Windows|Windows",
                " [ \"Windows\" , \"iOS\" ] |Windows",
                "[true]|true",
                "[]|NULL",
                "\"\"|NULL",
                "[null]|NULL",
                "null|null",
                "\"[\\\"Windows\\\"]\"|Windows",
                "[{\"a\":1}]|NULL"
            })
    void readsTheValueInsideTheText(String text, String value) throws SyntaxError {
        assertEquals(value, ModifiedValues.unwrap(text));
    }

    @Test
    void nothingIsNothing() throws SyntaxError {
        assertEquals(null, ModifiedValues.unwrap(null));
        assertEquals(null, ModifiedValues.unwrap("   "));
    }

    @Test
    void brokenJsonIsAnError() {
        assertThrows(SyntaxError.class, () -> ModifiedValues.unwrap("[\"Windows"));
        assertThrows(SyntaxError.class, () -> ModifiedValues.unwrap("\"Windows"));
        assertThrows(SyntaxError.class, () -> ModifiedValues.unwrap("[\"Windows\"] trailing"));
    }
}
