package org.dcwatch.peers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The peer of issue 17: "a scheduled SQL query over the exported logs". An in-memory DuckDB, with its defaults for
 * threads and memory, reads a file of Event Hub sign-in records once into the table {@code signins}
 * ({@code signins.sql}, the fields the seeds use and no more), then runs each {@link Seed}'s query on it and reads
 * every result row, as a SIEM's scheduled rules read a table that ingestion built.
 */
public final class SqlPeer {

    private SqlPeer() {}

    public static PeerRun run(Path input) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:")) {
            long started = System.nanoTime();
            try (PreparedStatement load = connection.prepareStatement(Seed.resource("signins.sql"))) {
                load.setString(1, input.toString());
                load.execute();
            }
            Duration load = Duration.ofNanos(System.nanoTime() - started);
            long signIns = count(connection);
            List<SeedResult> results = new ArrayList<>();
            for (Seed seed : Seed.values()) results.add(query(connection, seed));
            return new PeerRun(signIns, load, results);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM signins")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static SeedResult query(Connection connection, Seed seed) throws SQLException {
        long started = System.nanoTime();
        long rows = 0;
        Set<String> users = new HashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(seed.sql())) {
            int userColumn = result.findColumn("user_key");
            while (result.next()) {
                rows++;
                String user = result.getString(userColumn);
                if (user != null) users.add(user);
            }
        }
        return new SeedResult(seed, rows, users, Duration.ofNanos(System.nanoTime() - started));
    }
}
