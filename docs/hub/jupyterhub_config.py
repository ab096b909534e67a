"""JupyterHub config for a classroom running the course on one machine (see README.md here).

Run with `jupyterhub -f jupyterhub_config.py` from the hub's environment, in which the course was
installed as the guide says. tests/hub/test_hub.py loads this file as it is and adds only what a
test needs (loopback ports, a dummy login, throwaway users), so every line here runs in a real hub.
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

# Learners log in with their OS account (the default PAMAuthenticator) and each server runs as
# that OS user (the default LocalProcessSpawner): one learner cannot read another's home, as long
# as homes are private (chmod 0700; Debian's useradd makes them 0755 unless HOME_MODE says 0700).
# c.Authenticator.allowed_users = {"ada", "grace"}
# c.Authenticator.admin_users = {"instructor"}

# Open JupyterLab in the learner's home, where nbgitpuller puts the course (course/).
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"

# A learner's server with a kernel and the embedded PostgreSQL and Redis running: ~0.33 GB RSS
# measured on the welcome workbook; plan 0.5 GB (README.md, "Memory per learner").
# LocalProcessSpawner does not enforce this limit; SystemdSpawner, DockerSpawner, KubeSpawner do.
c.Spawner.mem_limit = "1G"

# Shared-server mode (optional): one PostgreSQL / Redis / broker for the whole class instead of
# embedded servers per learner. Each kernel then gets its own database, key prefix and queues.
# Set these in the hub's environment and they reach every learner's kernel.
c.Spawner.environment.update(
    {
        name: os.environ[name]
        for name in ("COURSE_DATABASE_URL", "COURSE_REDIS_URL", "COURSE_BROKER_URL")
        if os.environ.get(name)
    }
)

# Stop idle servers (and their embedded databases) after an hour: pip install jupyterhub-idle-culler
# culler = ["python3", "-m", "jupyterhub_idle_culler", "--timeout=3600"]
# c.JupyterHub.services = [{"name": "idle-culler", "command": culler}]
# c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
#                             "scopes": ["list:users", "read:users:activity", "read:servers",
#                                        "delete:servers"]}]
