/// Help text shared by the three tools' root commands (and so by their man pages).
public enum HelpText {
    /// The root command's discussion: the tool's own paragraph and examples, then the common contract.
    public static func root(_ about: String, examples: [String]) -> String {
        about + "\n\nExamples:\n" + examples.map { "  " + $0 }.joined(separator: "\n") + "\n\n" + contract
    }

    static let contract = """
        Connection: --database-url, else TACO_DATABASE_URL, else libpq's defaults (PGHOST, PGPORT, PGUSER, \
        PGDATABASE, PGSERVICE with pg_service.conf, ~/.pgpass, PGSSLMODE). A password is never printed.

        Output: data on stdout; progress, summaries and errors on stderr. --format table|json|ndjson|csv|yaml; JSON keys \
        are snake_case, money is integer *_cents, times are RFC 3339 UTC; an empty result is [] or a header-only \
        CSV. Colour only on a TTY, never with NO_COLOR or --no-color.

        Exit status: 0 success (also nothing to do); 1 internal error (a bug); 64 usage; 65 invalid data; \
        66 input file missing or unreadable; 69 PostgreSQL or another service unavailable, or the connection was \
        lost (the transaction was rolled back); 73 output file cannot be created; 75 temporary (a lock is held, \
        retry); 77 permission denied (login rejected or the role lacks the privilege).
        """
}
