package ydrz

import (
	"encoding/json"
	"regexp"
	"testing"
	"time"
)

// TestClientOffline checks the client calls that need no platform: jssdk parameters and the preSign sign.
func TestClientOffline(t *testing.T) {
	vf := loadVectors(t)
	f := vf.Fixed
	config, err := json.Marshal(map[string]string{
		"app_id": f["appId"], "app_key": f["appkey"], "private_key": vf.Keys["customer_2048"].Private,
	})
	if err != nil {
		t.Fatal(err)
	}
	client, err := NewClient(string(config))
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	defer client.Close()

	p, err := client.JssdkParams()
	if err != nil {
		t.Fatalf("JssdkParams: %v", err)
	}
	if p.AppID != f["appId"] || p.MsgID != p.TraceID || p.Version != "2.0" || p.BusinessType != "8" {
		t.Fatalf("JssdkParams = %+v", p)
	}
	if !regexp.MustCompile(`^[0-9]{17}$`).MatchString(p.Timestamp) {
		t.Fatalf("timestamp %q is not 17 digits", p.Timestamp)
	}
	stamp, err := time.ParseInLocation("20060102150405.000", p.Timestamp[:14]+"."+p.Timestamp[14:], time.FixedZone("UTC+8", 8*3600))
	if err != nil || time.Since(stamp).Abs() > time.Minute {
		t.Fatalf("timestamp %s is not the current UTC+8 time: %v", p.Timestamp, err)
	}
	sign, err := JssdkSign(JssdkSignParams{AppID: p.AppID, AppKey: f["appkey"], TraceID: p.TraceID, Timestamp: p.Timestamp})
	if err != nil || sign != p.Sign {
		t.Fatalf("JssdkParams sign %s, JssdkSign gives %s, %v", p.Sign, sign, err)
	}
	again, err := client.JssdkParams()
	if err != nil || again.TraceID == p.TraceID {
		t.Fatalf("a second JssdkParams must have a fresh traceId: %v", err)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]string
	if err := json.Unmarshal(raw, &fields); err != nil || len(fields) != 7 || fields["businessType"] != "8" {
		t.Fatalf("json.Marshal(JssdkParams) = %s", raw)
	}

	for _, v := range vf.Vectors {
		if v.ID == "preSign_MD5withRSA_customer_2048" {
			if got, err := client.PresignSign(v.StringToSign); err != nil || got != v.ExpectedBase64 {
				t.Fatalf("Client.PresignSign = %q, %v; want the vector", got, err)
			}
			return
		}
	}
	t.Fatal("vector preSign_MD5withRSA_customer_2048 not found")
}
