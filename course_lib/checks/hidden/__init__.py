"""Hidden pytest modules for code exercises (their tests take the `submission` fixture)."""
