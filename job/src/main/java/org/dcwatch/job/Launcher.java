package org.dcwatch.job;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dcwatch.job.cli.Dcwatch;

/**
 * The jar's entry point. The same {@code dcwatch.jar} runs on a Flink cluster, which provides Flink's runtime, and
 * standalone with {@code java -jar}, where Flink's runtime comes from the {@code lib/} folder that the build copies
 * beside the jar. This class touches no Flink class itself, so that it can decide which case it is in.
 */
public final class Launcher {

    private static final String FLINK_RUNTIME_CLASS = "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment";
    private static final String EMBEDDED_LOG_CONFIG = "dcwatch-embedded-log4j2.properties";

    private Launcher() {}

    public static void main(String[] args) throws Throwable {
        Path lib = flinkRuntimeBesideJar();
        if (isVisible(FLINK_RUNTIME_CLASS) || lib == null) {
            // on a cluster, in tests, or without lib/: rules and validate need no Flink, run says what is missing
            Dcwatch.main(args);
            return;
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", EMBEDDED_LOG_CONFIG);
        }
        URLClassLoader embedded = new URLClassLoader("dcwatch-embedded", classPath(lib), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(embedded);
        try {
            embedded.loadClass(Dcwatch.class.getName()).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean isVisible(String className) {
        try {
            Class.forName(className, false, Launcher.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** {@code lib/} beside the jar this class was loaded from, or null when there is none (or no jar). */
    private static Path flinkRuntimeBesideJar() {
        try {
            Path jar = Path.of(Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = jar.resolveSibling("lib");
            return Files.isRegularFile(jar) && Files.isDirectory(lib) ? lib : null;
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static URL[] classPath(Path lib) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(Launcher.class.getProtectionDomain().getCodeSource().getLocation());
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(path -> path.toString().endsWith(".jar")).sorted().toList()) {
                urls.add(toUrl(jar));
            }
        }
        return urls.toArray(URL[]::new);
    }

    private static URL toUrl(Path path) {
        try {
            return path.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
