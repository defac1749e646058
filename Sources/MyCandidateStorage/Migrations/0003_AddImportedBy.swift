extension Migration {
    /// Who made each version: an admin account, or what the command line was told. Versions
    /// stored before this migration have none.
    static let addImportedBy = Migration(name: "0003_AddImportedBy") { _ in
        ["ALTER TABLE dataset_versions ADD COLUMN imported_by TEXT"]
    }
}
