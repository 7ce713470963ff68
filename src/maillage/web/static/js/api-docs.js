// Swagger UI from the vendored bundle, pointed at the local OpenAPI description.
(function () {
  "use strict";
  var element = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: element.dataset.spec, dom_id: "#swagger-ui" });
})();
