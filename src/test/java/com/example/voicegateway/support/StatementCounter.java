package com.example.voicegateway.support;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts what the application sends to PostgreSQL while a path runs: statements by kind, commits and rollbacks, on
 * the threads that do the path only (the dispatcher's coordinator, the sweeps and the callback worker of the same
 * context stay out of the figures). Import {@link Installed} to put the counting proxy (datasource-proxy) around the
 * application's {@link DataSource}; it counts nothing until {@link #measure} runs.
 *
 * <p>A round trip is one statement execution (a JDBC batch is one) or one commit or rollback: PostgreSQL's driver
 * sends {@code BEGIN} with the first statement of a transaction, so it costs none. Hikari's own traffic (a
 * validation query after the connection sat idle) and the driver's type lookups do not pass through JDBC's
 * statements and are not counted; they are the same before and after a change to the application.
 */
public final class StatementCounter {

    /** Threads that serve HTTP requests and write intake batches: the request paths' own threads. */
    public static final Predicate<Thread> REQUEST_THREADS = thread -> thread.getName().startsWith("http-nio-")
            || thread.getName().startsWith("intake-writer-");

    /** What a path sent, in the order it was sent. */
    public record Counts(List<Statement> statements, int commits, int rollbacks) {

        public int count(Kind kind) {
            return (int) statements.stream().filter(s -> s.kind() == kind).count();
        }

        public int statementCount() {
            return statements.size();
        }

        /** Statement executions plus commits and rollbacks. */
        public int roundTrips() {
            return statements.size() + commits + rollbacks;
        }

        /** Committed or rolled back transactions, each autocommit statement being one of its own. */
        public int transactions() {
            return commits + rollbacks + (int) statements.stream().filter(Statement::autoCommit).count();
        }
    }

    /** One execution: its kind, whether it ran outside a transaction, and its SQL (one line, shortened). */
    public record Statement(Kind kind, boolean autoCommit, String thread, String sql) {
    }

    /**
     * What a statement does. A {@code WITH} that writes is its first write (a CTE that inserts a message and its
     * call is one INSERT); OTHER is what reads or writes no table row: pg_notify, advisory locks, SET, LISTEN.
     */
    public enum Kind { SELECT, INSERT, UPDATE, DELETE, OTHER;

        // UPDATE with its SET, so a "FOR UPDATE" lock of a read is not taken for a write.
        private static final Pattern WRITE = Pattern.compile(
                "\\b(INSERT\\s+INTO|UPDATE\\s+[\\w.]+\\s+(\\w+\\s+)?SET|DELETE\\s+FROM)\\b");
        private static final Pattern EFFECT_ONLY = Pattern.compile(
                "SELECT\\s+(PG_NOTIFY|PG_ADVISORY_\\w+|SET_CONFIG)\\s*\\(.*", Pattern.DOTALL);
        private static final Pattern COMMENT = Pattern.compile("--[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

        static Kind of(String sql) {
            String text = COMMENT.matcher(sql).replaceAll(" ").strip().toUpperCase(Locale.ROOT);
            String first = text.split("[\\s(]", 2)[0];
            switch (first) {
                case "INSERT":
                    return INSERT;
                case "UPDATE":
                    return UPDATE;
                case "DELETE":
                    return DELETE;
                case "WITH":
                    Matcher write = WRITE.matcher(text);
                    if (write.find()) {
                        return valueOf(write.group(1).split("\\s+")[0]);
                    }
                    return SELECT;
                case "SELECT":
                    // A SELECT that only calls a function for its effect reads no row.
                    return EFFECT_ONLY.matcher(text).matches() && !text.contains(" FROM ") ? OTHER : SELECT;
                default:
                    return OTHER;
            }
        }
    }

    /** The counting proxy around the application's DataSource, and the counter to measure with. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Installed {

        @Bean
        StatementCounter statementCounter() {
            return new StatementCounter();
        }

        @Bean
        static BeanPostProcessor countingDataSource(ObjectProvider<StatementCounter> counter) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
                        return counter.getObject().wrap(dataSource);
                    }
                    return bean;
                }
            };
        }
    }

    private final List<Statement> statements = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ends = Collections.synchronizedList(new ArrayList<>());
    private volatile Predicate<Thread> counted;

    DataSource wrap(DataSource dataSource) {
        return ProxyDataSourceBuilder.create("counted", dataSource)
                .afterQuery(this::afterQuery)
                .afterMethod(this::afterMethod)
                .build();
    }

    /**
     * Runs {@code path} and returns what it sent on the calling thread and on the threads {@code alsoCounted}
     * accepts. The path must be over when it returns (an HTTP answer is sent after its transaction committed).
     */
    public synchronized Counts measure(Predicate<Thread> alsoCounted, Runnable path) {
        Thread caller = Thread.currentThread();
        statements.clear();
        ends.clear();
        counted = thread -> thread == caller || alsoCounted.test(thread);
        try {
            path.run();
        } finally {
            counted = null;
        }
        synchronized (statements) {
            int commitCount = (int) ends.stream().filter("commit"::equals).count();
            return new Counts(List.copyOf(statements), commitCount, ends.size() - commitCount);
        }
    }

    private boolean counting() {
        Predicate<Thread> filter = counted;
        return filter != null && filter.test(Thread.currentThread());
    }

    private void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
        if (!counting() || queries.isEmpty()) {
            return;
        }
        boolean autoCommit;
        try {
            autoCommit = execution.getStatement().getConnection().getAutoCommit();
        } catch (SQLException e) {
            autoCommit = false;
        }
        // A batch is one round trip; it is listed under its first statement's text.
        String sql = queries.get(0).getQuery();
        statements.add(new Statement(Kind.of(sql), autoCommit, Thread.currentThread().getName(), oneLine(sql)));
    }

    private void afterMethod(MethodExecutionContext context) {
        if (!counting()) {
            return;
        }
        String name = context.getMethod().getName();
        if (context.getTarget() instanceof java.sql.Connection && ("commit".equals(name) || "rollback".equals(name))
                && context.getMethodArgs() == null) {
            ends.add(name);
        }
    }

    private static String oneLine(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() <= 400 ? line : line.substring(0, 397) + "...";
    }
}
