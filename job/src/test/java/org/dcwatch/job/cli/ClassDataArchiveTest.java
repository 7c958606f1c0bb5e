package org.dcwatch.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

    @TempDir
    Path folder;

    private Path jar;
    private Path lib;

    @BeforeEach
    void classPath() throws IOException {
        jar = Files.writeString(folder.resolve("dcwatch.jar"), "the job");
        lib = Files.createDirectory(folder.resolve("lib"));
        Files.writeString(lib.resolve("flink-runtime.jar"), "flink");
    }

    @Test
    void aFileRunWithoutAnArchiveWritesOneAtItsExitAndKeepsItOnlyIfItEndedWell() throws IOException {
        ClassDataArchive archive = ClassDataArchive.of(jar, lib, List.of(), true);
        Path writing = writtenAt(archive.childOptions());
        assertEquals(folder, writing.getParent());
        Files.writeString(writing, "classes");
        archive.childExited(0);
        assertTrue(Files.isRegularFile(archive.path()));
        assertFalse(Files.exists(writing));

        ClassDataArchive failed = ClassDataArchive.of(jar, lib, List.of(), true);
        assertEquals(List.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + archive.path()), failed.childOptions());
    }

    @Test
    void aChildThatFailedOrWasStoppedLeavesNoArchive() throws IOException {
        ClassDataArchive archive = ClassDataArchive.of(jar, lib, List.of(), true);
        Path writing = writtenAt(archive.childOptions());
        Files.writeString(writing, "part of the classes");
        archive.childExited(1);
        assertFalse(Files.exists(archive.path()));
        assertFalse(Files.exists(writing));

        ClassDataArchive stopped = ClassDataArchive.of(jar, lib, List.of(), true);
        Path writingAgain = writtenAt(stopped.childOptions());
        Files.writeString(writingAgain, "part of the classes");
        stopped.abandoned();
        assertFalse(Files.exists(writingAgain));
        assertFalse(Files.exists(stopped.path()));
    }

    @Test
    void otherCommandsMapAnArchiveButWriteNone() throws IOException {
        ClassDataArchive none = ClassDataArchive.of(jar, lib, List.of(), false);
        assertEquals(List.of(), none.childOptions());
        Files.writeString(none.path(), "classes");
        assertEquals(
                List.of("-Xlog:cds*=off", "-XX:SharedArchiveFile=" + none.path()),
                ClassDataArchive.of(jar, lib, List.of(), false).childOptions());
    }

    @Test
    void aRebuiltClassPathGetsAnArchiveOfItsOwnAndTheStaleOneIsRemoved() throws IOException {
        ClassDataArchive before = ClassDataArchive.of(jar, lib, List.of(), true);
        Files.writeString(writtenAt(before.childOptions()), "classes");
        before.childExited(0);

        Path flink = lib.resolve("flink-runtime.jar");
        Files.writeString(flink, "flink, rebuilt");
        Files.setLastModifiedTime(
                flink, FileTime.fromMillis(Files.getLastModifiedTime(flink).toMillis() + 1000));
        Path leftOver = Files.writeString(folder.resolve(before.path().getFileName() + ".12345.partial"), "part");
        ClassDataArchive after = ClassDataArchive.of(jar, lib, List.of(), true);
        assertNotEquals(before.path(), after.path());
        Files.writeString(writtenAt(after.childOptions()), "classes");
        after.childExited(0);
        assertTrue(Files.isRegularFile(after.path()));
        assertFalse(Files.exists(before.path()), "the stale archive is removed");
        assertFalse(Files.exists(leftOver), "and what a stopped run left");
    }

    @Test
    void theChecksumFollowsEveryJarOfTheClassPath() throws IOException {
        String first = ClassDataArchive.checksum(jar, lib);
        assertEquals(first, ClassDataArchive.checksum(jar, lib));
        Files.writeString(lib.resolve("kafka-clients.jar"), "kafka");
        assertNotEquals(first, ClassDataArchive.checksum(jar, lib));
    }

    @Test
    void theUsersOwnSharingOptionsLeaveTheDecisionToThem() {
        for (String option : List.of(
                "-Xshare:off", "-XX:SharedArchiveFile=/tmp/mine.jsa", "-XX:ArchiveClassesAtExit=/tmp/mine.jsa")) {
            assertNull(ClassDataArchive.of(jar, lib, List.of("-Xmx2g", option), true), option);
        }
    }

    @Test
    void besideAJarInAFolderThatIsNotWritableNoArchiveIsWritten() throws IOException {
        assertTrue(folder.toFile().setWritable(false));
        try {
            if (Files.isWritable(folder)) return; // as root every folder is writable: nothing to show here
            assertEquals(
                    List.of(), ClassDataArchive.of(jar, lib, List.of(), true).childOptions());
        } finally {
            folder.toFile().setWritable(true);
        }
    }

    private static Path writtenAt(List<String> childOptions) {
        String prefix = "-XX:ArchiveClassesAtExit=";
        return childOptions.stream()
                .filter(option -> option.startsWith(prefix))
                .map(option -> Path.of(option.substring(prefix.length())))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no archive to write in " + childOptions));
    }
}
