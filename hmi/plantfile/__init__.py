"""The plant file as something to edit, not only to read: tag sheets (CSV/XLSX), adding tags to a device with
the file's comments kept, atomic saving with a backup, and the difference between two plant files. Qt-free.

The schema and its validation stay in :mod:`hmi.config`: everything here goes through it."""
