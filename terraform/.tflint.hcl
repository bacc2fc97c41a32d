# TFLint configuration for every stack and module under terraform/ (mk/terraform.mk runs it recursively).
config {
  # Follow calls into local modules (../../modules/*) so their inputs are checked as well.
  call_module_type = "local"
  force            = false
}

# The bundled Terraform ruleset with every rule on: documented and typed variables and outputs,
# snake_case naming, pinned module sources, standard module structure, required providers and version,
# unused declarations, deprecated syntax.
plugin "terraform" {
  enabled = true
  preset  = "all"
}
