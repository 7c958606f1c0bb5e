package org.dcwatch.job.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The class-data archive of the standalone child JVM (the JVM's application class-data sharing): the classes a file
 * run loads — Flink's runtime, its RPC system, the job — as the JVM has already parsed, verified and linked them, so
 * that a later run maps them instead of loading them again from about a hundred jars. Start-up is a large share of a
 * file run (loading 12,000 classes, and the compiler's work on the loaders), and the share a scheduled run over an
 * export pays every time.
 *
 * <p>A file run without an archive writes one when it ends ({@code -XX:ArchiveClassesAtExit}: about ten CPU-seconds,
 * once); every later command of the same jar, {@code lib/} and JVM maps it. The archive lies beside the jar, named by
 * a checksum of the JVM and of the class path's files, so that a rebuild or another JVM gets an archive of its own
 * (the JVM would silently refuse a stale one) and the stale ones are removed. A JVM option of the user's own about
 * class-data sharing ({@code -Xshare:off}, say) turns all of this off; beside a jar in a folder that is not writable
 * (an image's), an archive made there when the image was built is mapped, and none is written.
 */
final class ClassDataArchive {

    private static final String PREFIX = "dcwatch-classes-";
    private static final String SUFFIX = ".jsa";
    /** The JVM options that decide class-data sharing: given by the user, they are the user's to decide. */
    private static final List<String> SHARING_OPTIONS =
            List.of("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit", "-XX:DumpLoadedClassList");
    /** A stale or foreign archive is refused by the JVM; it need not say so on every start. */
    private static final String QUIET = "-Xlog:cds*=off";

    private final Path archive;
    private final Path writing;
    private final boolean toWrite;

    private ClassDataArchive(Path archive, Path writing, boolean toWrite) {
        this.archive = archive;
        this.writing = writing;
        this.toWrite = toWrite;
    }

    /**
     * The archive of the class path {@code jar} and {@code lib/*} on this JVM.
     *
     * @param jvmOptions the options this JVM was started with, which the child inherits
     * @param writesOne whether the command is one that should write the archive when there is none (a file run)
     * @return null when sharing is the user's to decide or the class path cannot be read
     */
    static ClassDataArchive of(Path jar, Path lib, List<String> jvmOptions, boolean writesOne) {
        for (String option : jvmOptions) {
            if (SHARING_OPTIONS.stream().anyMatch(option::startsWith)) return null;
        }
        Path folder = jar.toAbsolutePath().getParent();
        if (folder == null) return null;
        try {
            Path archive = folder.resolve(PREFIX + checksum(jar, lib) + SUFFIX);
            boolean toWrite = writesOne && Files.isWritable(folder) && !Files.isRegularFile(archive);
            Path writing = folder.resolve(
                    archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
            return new ClassDataArchive(archive, writing, toWrite);
        } catch (IOException e) {
            return null; // the class path cannot be read here: the child will say what is wrong with it
        }
    }

    /** The options that make the child map the archive, or write it at its exit; none when there is nothing to do. */
    List<String> childOptions() {
        if (toWrite) return List.of(QUIET, "-XX:ArchiveClassesAtExit=" + writing);
        if (Files.isRegularFile(archive)) return List.of(QUIET, "-XX:SharedArchiveFile=" + archive);
        return List.of();
    }

    /**
     * After the child exited: keeps the archive it wrote if it ended well (a child that failed or was stopped may
     * have written part of one), and removes the archives of other class paths and JVMs and any part left over.
     */
    void childExited(int exitCode) {
        if (!toWrite) return;
        try {
            if (exitCode == 0 && Files.size(writing) > 0) {
                Files.move(writing, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                removeOthers();
            }
        } catch (IOException e) {
            // no archive this time: the next file run tries again
        } finally {
            removeQuietly(writing);
        }
    }

    /** When the launcher is stopped before its child exited. */
    void abandoned() {
        if (toWrite) removeQuietly(writing);
    }

    private void removeOthers() throws IOException {
        // and what a stopped run may have left of one
        try (DirectoryStream<Path> archives = Files.newDirectoryStream(archive.getParent(), PREFIX + "*")) {
            for (Path other : archives) {
                if (!other.equals(archive)) removeQuietly(other);
            }
        }
    }

    /**
     * Of the JVM (its version and home) and of every file on the class path (name, size, time of change): what the JVM
     * itself checks before it maps an archive.
     */
    static String checksum(Path jar, Path lib) throws IOException {
        CRC32 crc = new CRC32();
        update(crc, System.getProperty("java.vm.version") + '|' + System.getProperty("java.home"));
        List<Path> files = new ArrayList<>();
        files.add(jar);
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "*.jar")) {
            jars.forEach(files::add);
        }
        files.subList(1, files.size()).sort(null);
        for (Path file : files) {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            update(
                    crc,
                    file.getFileName() + "|" + attributes.size() + '|'
                            + attributes.lastModifiedTime().toMillis());
        }
        return String.format("%08x", crc.getValue());
    }

    private static void update(CRC32 crc, String text) {
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        crc.update('\n');
    }

    private static void removeQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left for the next run's clean-up
        }
    }

    /** Where the archive is, or is to be written. */
    Path path() {
        return archive;
    }
}
