package com.example.voicegateway.template.internal;

import com.example.voicegateway.config.JdbcTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The template module's tables: a head row per template, a row per version. The one writer of both. */
@Repository
class TemplateStore {

    /** One version of a template, with its head's owner. {@code owner} null: shared. */
    record Stored(UUID id, int version, String owner, String name, String language, String voiceProfile, String text,
            String prompt, String thanks, String createdBy, Instant createdAt, Instant updatedAt) {
    }

    private static final String SELECT = """
            SELECT t.id, v.version, t.owner, v.name, v.language, v.voice_profile, v.text, v.acknowledge_prompt,
                   v.acknowledge_thanks, v.created_by, t.created_at, t.updated_at
              FROM voice_template t
              JOIN voice_template_version v ON v.template_id = t.id
            """;

    private final JdbcClient jdbc;

    TemplateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void create(Stored template) {
        jdbc.sql("""
                INSERT INTO voice_template (id, owner, current_version, created_at, updated_at)
                VALUES (:id, :owner, 1, :at, :at)""")
                .param("id", template.id()).param("owner", template.owner())
                .param("at", JdbcTime.utc(template.createdAt())).update();
        insertVersion(template);
    }

    /** A new version; false when the template was deleted or changed by someone else meanwhile. */
    boolean addVersion(Stored template) {
        int updated = jdbc.sql("""
                UPDATE voice_template SET current_version = :version, updated_at = :at
                 WHERE id = :id AND current_version = :version - 1 AND deleted_at IS NULL""")
                .param("id", template.id()).param("version", template.version())
                .param("at", JdbcTime.utc(template.updatedAt())).update();
        if (updated == 0) {
            return false;
        }
        insertVersion(template);
        return true;
    }

    private void insertVersion(Stored template) {
        jdbc.sql("""
                INSERT INTO voice_template_version (template_id, version, name, language, voice_profile, text,
                    acknowledge_prompt, acknowledge_thanks, created_by, created_at)
                VALUES (:id, :version, :name, :language, :voiceProfile, :text, :prompt, :thanks, :createdBy, :at)""")
                .param("id", template.id()).param("version", template.version()).param("name", template.name())
                .param("language", template.language()).param("voiceProfile", template.voiceProfile())
                .param("text", template.text()).param("prompt", template.prompt()).param("thanks", template.thanks())
                .param("createdBy", template.createdBy()).param("at", JdbcTime.utc(template.updatedAt())).update();
    }

    /** The current version of a template not deleted, or, with {@code lock}, locked for a change. */
    Optional<Stored> current(UUID id, boolean lock) {
        return jdbc.sql(SELECT + " WHERE t.id = :id AND v.version = t.current_version AND t.deleted_at IS NULL"
                        + (lock ? " FOR UPDATE OF t" : ""))
                .param("id", id).query(TemplateStore::row).optional();
    }

    /** The templates a client sees (its own and the shared ones), or every one for {@code clientName} null. */
    List<Stored> list(String clientName) {
        return jdbc.sql(SELECT + " WHERE v.version = t.current_version AND t.deleted_at IS NULL"
                        + (clientName == null ? "" : " AND (t.owner = :client OR t.owner IS NULL)")
                        + " ORDER BY v.name, t.id")
                .params(clientName == null ? java.util.Map.of() : java.util.Map.of("client", clientName))
                .query(TemplateStore::row).list();
    }

    /** How many queued messages were rendered from the template: read from the ledger's view. */
    int queuedMessages(UUID id) {
        return jdbc.sql("SELECT count(*) FROM message_state WHERE template_id = :id AND status = 'QUEUED'")
                .param("id", id).query(Integer.class).single();
    }

    /** Deleted: gone from every answer; its versions stay for the messages that name them. */
    void delete(UUID id, Instant at) {
        jdbc.sql("UPDATE voice_template SET deleted_at = :at, updated_at = :at WHERE id = :id")
                .param("id", id).param("at", JdbcTime.utc(at)).update();
    }

    private static Stored row(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getObject("id", UUID.class), rs.getInt("version"), rs.getString("owner"),
                rs.getString("name"), rs.getString("language"), rs.getString("voice_profile"), rs.getString("text"),
                rs.getString("acknowledge_prompt"), rs.getString("acknowledge_thanks"), rs.getString("created_by"),
                JdbcTime.instant(rs, "created_at"), JdbcTime.instant(rs, "updated_at"));
    }
}
