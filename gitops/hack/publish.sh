#!/usr/bin/env bash
# Gets an environment's values (gitops/environments/ENV/handoff.env and settings.env) into the git revision that
# ArgoCD reads (git_repo_url at git_revision in settings.env): ArgoCD renders the manifests from git, so values that
# are only in this checkout never reach the cluster.
#   gitops/hack/publish.sh check ENV   exit 1, with the commands to run, unless that revision holds exactly these files
#   gitops/hack/publish.sh push ENV    commit the files if they changed, push HEAD to that revision, then check
set -euo pipefail
mode=${1:?usage: publish.sh check|push ENV} env=${2:?usage: publish.sh check|push ENV}
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=gitops/environments/$env
files=("$dir/handoff.env" "$dir/settings.env")
value() { sed -n "s/^$1=//p" "${files[@]}" | head -n1; }
url=$(value git_repo_url)
rev=$(value git_revision)
[ -n "$url" ] && [ -n "$rev" ] || { echo "error: $dir/settings.env needs git_repo_url and git_revision" >&2; exit 1; }
case "$url" in
  *example-org*)
    echo "error: $dir/settings.env still has the example git_repo_url ($url)." >&2
    echo "       Set it to the repository ArgoCD must read (your fork), commit, and run this again." >&2
    exit 1 ;;
esac

if [ "$mode" = push ]; then
  if [ -n "$(git status --porcelain -- "${files[@]}")" ]; then
    git add -- "${files[@]}"
    git commit --quiet -m "GitOps values of $(value cluster_name) ($(value account_id), $(value region)) from Terraform" \
      -- "${files[@]}"
    echo "committed ${files[*]}"
  fi
  echo "pushing HEAD to $url ($rev)"
  if ! git push --quiet "$url" "HEAD:refs/heads/$rev"; then
    echo "error: $url refused HEAD on $rev (git says why above). If $rev has commits this checkout lacks" >&2
    echo "       (CI's image bumps land there): git pull --rebase $url $rev, then run this again." >&2
    echo "       If $rev is protected: merge ${files[*]} into it through a pull request, then make gitops-bootstrap." >&2
    exit 1
  fi
fi

# What ArgoCD will read: the tip of git_revision in git_repo_url.
if ! git fetch --quiet --depth=1 "$url" "refs/heads/$rev" 2> /dev/null; then
  echo "error: cannot fetch $rev from $url (the repository ArgoCD reads). Check git_repo_url/git_revision in" >&2
  echo "       $dir/settings.env and that this machine can read it." >&2
  exit 1
fi
stale=()
for f in "${files[@]}"; do
  git show "FETCH_HEAD:$f" 2> /dev/null | cmp -s - "$f" || stale+=("$f")
done
if [ ${#stale[@]} -gt 0 ]; then
  echo "error: ArgoCD reads $url at $rev, which does not hold this checkout's ${stale[*]}." >&2
  echo "       Publish them, then run the bootstrap again:" >&2
  echo "         git add ${stale[*]} && git commit -m 'GitOps values from Terraform' && git push $url HEAD:$rev" >&2
  echo "       or let make do it: make gitops-publish GITOPS_ENV=$env GITOPS_PUSH=1" >&2
  exit 1
fi
echo "hand-off: $url at $rev holds ${files[*]}"
