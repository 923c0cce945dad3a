"""Every YAML file under deploy/ passes yamllint (deploy/.yamllint.yml); a broken copy fails."""

from tests.ops.conftest import DEPLOY, run, tool


def yamllint(path):
    return run(tool("yamllint"), "-c", str(DEPLOY / ".yamllint.yml"), "-s", str(path))


def test_yamllint_passes_on_deploy():
    result = yamllint(DEPLOY)
    assert result.returncode == 0, result.stdout


def test_yamllint_fails_on_a_broken_copy(deploy_copy):
    hpa = deploy_copy / "k8s" / "hpa.yaml"
    hpa.write_text(hpa.read_text().replace("  minReplicas: 2\n", "  minReplicas: 2\n  minReplicas: 3\n"))
    result = yamllint(deploy_copy)
    assert result.returncode != 0 and "duplication of key" in result.stdout
