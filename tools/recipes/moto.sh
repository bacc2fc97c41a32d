# moto's server mode (an AWS API emulator) from PyPI into a private venv: make tf-sweep-test seeds it with the
# leftovers a failed teardown leaves and runs the post-destroy sweep against it; make test-java sends
# notification-service's mail through its SES v2 API (devstack MotoServer).
pip_install moto_server -- "moto[server]==$VERSION" || exit 1
"$DEST/moto_server" --help > /dev/null
