# ccl-admin: key management (create, rotate, retire, revoke, delete) and secret administration.
path "transit/keys/*"                  { capabilities = ["create", "read", "update", "delete"] }
path "transit/encrypt/*"               { capabilities = ["update"] }
path "transit/decrypt/*"               { capabilities = ["update"] }
path "transit/rewrap/*"                { capabilities = ["update"] }
path "transit/datakey/plaintext/*"     { capabilities = ["update"] }
path "transit/sign/*"                  { capabilities = ["update"] }
path "transit/verify/*"                { capabilities = ["update"] }
path "secret/data/ccl/keys/*"          { capabilities = ["create", "read", "update"] }
path "secret/metadata/ccl/keys/*"      { capabilities = ["read", "list", "delete"] }
path "secret/data/ccl/resources/*"     { capabilities = ["create", "read", "update"] }
path "secret/metadata/ccl/resources/*" { capabilities = ["read", "list", "delete"] }
path "secret/delete/ccl/resources/*"   { capabilities = ["update"] }
path "secret/destroy/ccl/resources/*"  { capabilities = ["update"] }
