# ccl-runtime: what a Confidential Runtime needs to use keys and read secrets.
# No key creation, rotation, configuration or deletion; no secret writes.
path "transit/keys/*"                  { capabilities = ["read"] }
path "transit/encrypt/*"               { capabilities = ["update"] }
path "transit/decrypt/*"               { capabilities = ["update"] }
path "transit/rewrap/*"                { capabilities = ["update"] }
path "transit/datakey/plaintext/*"     { capabilities = ["update"] }
path "transit/sign/*"                  { capabilities = ["update"] }
path "transit/verify/*"                { capabilities = ["update"] }
path "secret/data/ccl/keys/*"          { capabilities = ["read"] }
path "secret/metadata/ccl/keys/*"      { capabilities = ["list"] }
path "secret/data/ccl/resources/*"     { capabilities = ["read"] }
path "secret/metadata/ccl/resources/*" { capabilities = ["read", "list"] }
