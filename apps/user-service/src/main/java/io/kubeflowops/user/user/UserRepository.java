package io.kubeflowops.user.user;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Users in PostgreSQL (schema "users"), in plain SQL. */
@ApplicationScoped
class UserRepository {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final String COLUMNS = "id, name, email, created_at, updated_at";

  private final AgroalDataSource db;

  UserRepository(AgroalDataSource db) {
    this.db = db;
  }

  /** Inserts the user; a 409 problem if the id is registered or the email taken. */
  User insert(User u) throws SQLException {
    String sql = "INSERT INTO users.users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, u.id());
      ps.setString(2, u.name());
      ps.setString(3, u.email());
      ps.setTimestamp(4, Timestamp.from(u.createdAt()));
      ps.setTimestamp(5, Timestamp.from(u.updatedAt()));
      ps.executeUpdate();
      return u;
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        // PostgreSQL names the constraint in the message: the primary key, or the email index.
        throw String.valueOf(e.getMessage()).contains("users_pkey")
            ? UserProblems.alreadyRegistered(u.id())
            : UserProblems.duplicateEmail();
      }
      throw e;
    }
  }

  Optional<User> find(UUID id) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM users.users WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  List<User> list(int page, int size) throws SQLException {
    String sql = "SELECT " + COLUMNS + " FROM users.users ORDER BY created_at, id LIMIT ? OFFSET ?";
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, size);
      ps.setLong(2, (long) page * size);
      List<User> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
      return out;
    }
  }

  long count() throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM users.users");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Updates name and email; empty if no such user; throws DuplicateEmail via the caller's check.
   */
  Optional<User> update(UUID id, UserRequest r, java.time.Instant now) throws SQLException {
    String sql =
        "UPDATE users.users SET name = ?, email = ?, updated_at = ? WHERE id = ? RETURNING "
            + COLUMNS;
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, r.name());
      ps.setString(2, r.email());
      ps.setTimestamp(3, Timestamp.from(now));
      ps.setObject(4, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw UserProblems.duplicateEmail();
      }
      throw e;
    }
  }

  boolean delete(UUID id) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM users.users WHERE id = ?")) {
      ps.setObject(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  private static User read(ResultSet rs) throws SQLException {
    return new User(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getTimestamp(4).toInstant(),
        rs.getTimestamp(5).toInstant());
  }
}
