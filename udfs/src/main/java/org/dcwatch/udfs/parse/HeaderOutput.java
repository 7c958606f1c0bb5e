package org.dcwatch.udfs.parse;

/** Receives what one message yields read as headers ({@link SignInParser#parseHeaders}), in input order. */
public interface HeaderOutput extends DeadLetterOutput {

    void header(SignInHeader header);
}
