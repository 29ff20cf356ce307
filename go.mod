module github.com/inbenta-community/inbenta-auth

go 1.26

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/stretchr/testify v1.12.1
)

require go.yaml.in/yaml/v3 v3.0.5 // indirect
