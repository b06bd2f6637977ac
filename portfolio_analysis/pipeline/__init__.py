"""The build: one portfolio's run from raw files to tables (run), written atomically (store, folders) under a
lock (locking) when its fingerprint changed (fingerprint, build); validate says what a build would say."""
