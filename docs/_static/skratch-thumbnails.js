/* Gallery thumbnails that play their lesson's animation.
 *
 * skratch.sphinxext marks a thumbnail whose lesson has a small hover
 * animation with the class "skratch-thumb-animated"; the animation sits
 * beside the still in _images/, named like it: sphx_glr_<lesson>_thumb.png
 * plays sphx_glr_<lesson>_hover.gif. While the pointer is over the card, or
 * the keyboard focus is in it, the still gives way to the animation; leaving
 * brings the still back. While the animation plays, sphinx-gallery's
 * tooltip (the lesson's first lines, drawn over the card on hover) stays
 * hidden, so the animation can be seen (skratch.css). A reader who asked
 * for less motion (prefers-reduced-motion: reduce) keeps the stills, and
 * the tooltip.
 */
(function () {
  "use strict";

  var lessMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  function setUp(image) {
    var still = image.getAttribute("src");
    var animation = still.replace(/_thumb\.png$/, "_hover.gif");
    if (animation === still) {
      return;
    }
    var card = image.closest(".sphx-glr-thumbcontainer") || image;
    var playing = false;

    function play() {
      if (playing || lessMotion.matches) {
        return;
      }
      playing = true;
      // Keep the still's box, so that the cards around do not move.
      image.style.width = image.offsetWidth + "px";
      image.style.height = image.offsetHeight + "px";
      image.classList.add("skratch-thumb-playing");
      card.classList.add("skratch-card-playing");
      image.setAttribute("src", animation);
    }

    function stop() {
      if (!playing) {
        return;
      }
      playing = false;
      image.setAttribute("src", still);
      image.classList.remove("skratch-thumb-playing");
      card.classList.remove("skratch-card-playing");
      image.style.width = "";
      image.style.height = "";
    }

    image.addEventListener("skratch-stop", stop);
    card.addEventListener("mouseenter", play);
    card.addEventListener("mouseleave", stop);
    card.addEventListener("focusin", play);
    card.addEventListener("focusout", function (event) {
      if (!card.contains(event.relatedTarget)) {
        stop();
      }
    });
  }

  function start() {
    document.querySelectorAll("img.skratch-thumb-animated").forEach(setUp);
    // A reader who turns reduced motion on mid-visit gets the stills back.
    lessMotion.addEventListener("change", function () {
      if (lessMotion.matches) {
        document.querySelectorAll("img.skratch-thumb-playing").forEach(function (image) {
          image.dispatchEvent(new Event("skratch-stop"));
        });
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
