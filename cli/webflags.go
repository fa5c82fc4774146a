package cli

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/qingfeng-court/qingfeng/app"
	"github.com/qingfeng-court/qingfeng/auth"
)

// EnvOIDCSecret gives the single sign-on client secret, kept out of the command line (where
// other users of the machine could read it in the process list).
const EnvOIDCSecret = "QINGFENG_OIDC_SECRET"

// webFlags are the serve command's TLS and single sign-on settings.
type webFlags struct {
	cert, key                string
	issuer, client, redirect string
}

func (f *webFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.cert, "tls-cert", "", "TLS 证书文件（PEM），给出则以 HTTPS 服务 / TLS certificate (PEM): serve HTTPS")
	fl.StringVar(&f.key, "tls-key", "", "TLS 私钥文件（PEM）/ TLS private key (PEM)")
	fl.StringVar(&f.issuer, "oidc-issuer", "", "统一身份认证（OpenID Connect）签发方 URL / single sign-on issuer URL")
	fl.StringVar(&f.client, "oidc-client-id", "", "统一身份认证客户端标识 / single sign-on client id (secret in "+EnvOIDCSecret+")")
	fl.StringVar(&f.redirect, "oidc-redirect-url", "", "回调地址，如 https://qingfeng.court/auth/oidc/callback / callback URL")
	cmd.MarkFlagsRequiredTogether("tls-cert", "tls-key")
	cmd.MarkFlagsRequiredTogether("oidc-issuer", "oidc-client-id", "oidc-redirect-url")
}

func (f *webFlags) config() app.WebConfig {
	c := app.WebConfig{CertFile: f.cert, KeyFile: f.key}
	if f.issuer != "" {
		c.OIDC = &auth.OIDCConfig{Issuer: f.issuer, ClientID: f.client, ClientSecret: os.Getenv(EnvOIDCSecret), RedirectURL: f.redirect}
	}
	return c
}
