"""deploy/nginx/make-self-signed.sh makes a pair nginx and openssl accept."""

from tests.ops.conftest import run


def test_the_pair_is_a_matching_certificate_and_key(self_signed):
    cert = run("openssl", "x509", "-in", str(self_signed / "fullchain.pem"), "-noout", "-subject", "-ext", "subjectAltName")
    assert cert.returncode == 0 and "writers.test" in cert.stdout, cert.stdout + cert.stderr
    pub_cert = run("openssl", "x509", "-in", str(self_signed / "fullchain.pem"), "-noout", "-pubkey").stdout
    pub_key = run("openssl", "pkey", "-in", str(self_signed / "privkey.pem"), "-pubout").stdout
    assert pub_cert and pub_cert == pub_key
    assert (self_signed / "privkey.pem").stat().st_mode & 0o077 == 0
