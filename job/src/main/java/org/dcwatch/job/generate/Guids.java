package org.dcwatch.job.generate;

import java.util.UUID;

/**
 * Deterministic GUIDs for generated sign-ins, users and sessions. Entra's ids are random version-4 GUIDs; these look
 * the same (version and variant bits set), but follow from a stream and an index, so the same seed gives the same ids
 * and two streams (ordinary traffic, scenarios) never need to coordinate.
 */
final class Guids {

    private Guids() {}

    /** The GUID number {@code index} of {@code stream}. Distinct (stream, index) pairs give distinct GUIDs in practice. */
    static String of(long stream, long index) {
        long high = mix(stream * 0x9E3779B97F4A7C15L + index);
        long low = mix(index * 0xC2B2AE3D27D4EB4FL ^ mix(stream));
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    /** A 64-bit hash of a number (SplitMix64's finalizer): neighbouring inputs give unrelated outputs. */
    static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
